import { describe, expect, it } from '@jest/globals';
import { MAX_PAYLOAD_BYTES, parseReadingMessage, readingsTopic, readingsTopicFilter } from '../../../../../subgraphs/sensors/ingestion/message.js';
import { labelled } from '../../../../support/labelled.js';

const payload = (text: string) => Buffer.from(text, 'utf8');

describe('MQTT reading messages', () => {
  it('names one topic per sensor under citygraph/sensors', () => {
    expect(readingsTopic('S-000001')).toBe('citygraph/sensors/S-000001/readings');
  });

  it('subscribes with a plain filter, or a shared one when a group is given', () => {
    expect(readingsTopicFilter()).toBe('citygraph/sensors/+/readings');
    expect(readingsTopicFilter({ sharedGroup: 'citygraph-sensors' })).toBe('$share/citygraph-sensors/citygraph/sensors/+/readings');
    expect(readingsTopicFilter({ root: 'test/x' })).toBe('test/x/+/readings');
  });

  it('reads the sensor id from the topic and the time and value from the JSON payload, unchecked', () => {
    expect(parseReadingMessage('citygraph/sensors/S-000042/readings', payload('{"at":"2026-11-28T08:00:00Z","value":1.25}'))).toEqual({
      reading: { sensorId: 'S-000042', at: '2026-11-28T08:00:00Z', value: 1.25 },
    });
    // Values are judged later by the ingestReadings rules, so a string value passes through as it came.
    expect(parseReadingMessage('citygraph/sensors/S-1/readings', payload('{"at":"x","value":"NaN"}'))).toEqual({ reading: { sensorId: 'S-1', at: 'x', value: 'NaN' } });
  });

  it('calls a payload that is not a JSON object malformed', () => {
    const topic = 'citygraph/sensors/S-000001/readings';
    expect(parseReadingMessage(topic, payload('{"at": '))).toEqual({ malformed: 'The payload is not JSON.' });
    expect(parseReadingMessage(topic, payload('[1,2]'))).toEqual({ malformed: 'The payload is not a JSON object {"at", "value"}.' });
    expect(parseReadingMessage(topic, payload('null'))).toEqual({ malformed: 'The payload is not a JSON object {"at", "value"}.' });
    expect(parseReadingMessage(topic, payload('3'))).toEqual({ malformed: 'The payload is not a JSON object {"at", "value"}.' });
    expect(parseReadingMessage(topic, payload(' '.repeat(MAX_PAYLOAD_BYTES + 1)))).toEqual({ malformed: `The payload is over ${MAX_PAYLOAD_BYTES} bytes.` });
  });

  it('calls a topic outside the readings pattern, or without a plain sensor id, malformed', () => {
    const body = payload('{"at":"2026-11-28T08:00:00Z","value":1}');
    expect(parseReadingMessage('citygraph/sensors/S-1/status', body)).toEqual({ malformed: 'The topic is not <root>/<sensorId>/readings.' });
    expect(parseReadingMessage('other/S-1/readings', body)).toEqual({ malformed: 'The topic is not <root>/<sensorId>/readings.' });
    expect(parseReadingMessage('citygraph/sensors/a/b/readings', body)).toEqual({ malformed: 'The topic does not name a sensor id.' });
    expect(parseReadingMessage('citygraph/sensors//readings', body)).toEqual({ malformed: 'The topic does not name a sensor id.' });
    expect(parseReadingMessage('citygraph/sensors/readings', body)).toEqual({ malformed: 'The topic does not name a sensor id.' });
    expect(parseReadingMessage('citygraph/sensorsX/S-1/readings', body)).toEqual({ malformed: 'The topic is not <root>/<sensorId>/readings.' });
    expect(parseReadingMessage('citygraph/sensors/S-1/readings', body, 'citygraph')).toEqual({ malformed: 'The topic does not name a sensor id.' });
  });

  it('calls the empty topic malformed: how the subscriber hands over a topic that is not UTF-8', () => {
    expect(parseReadingMessage('', payload('{"at":"2026-11-28T08:00:00Z","value":1}'))).toEqual({ malformed: 'The topic is not <root>/<sensorId>/readings.' });
    expect(parseReadingMessage('', payload('{"at":"2026-11-28T08:00:00Z","value":1}'), '')).toEqual({ malformed: 'The topic is not <root>/<sensorId>/readings.' });
  });

  it('reads a payload given as a plain Uint8Array, and decodes bytes that are not UTF-8 as Buffer does', () => {
    const bytes = new Uint8Array(Buffer.from('{"at":"2026-11-28T08:00:00Z","value":3}'));
    expect(parseReadingMessage('citygraph/sensors/S-1/readings', bytes)).toEqual({ reading: { sensorId: 'S-1', at: '2026-11-28T08:00:00Z', value: 3 } });
    const latin1 = Buffer.concat([Buffer.from('{"at":"'), Buffer.from([0xe9]), Buffer.from('","value":3}')]);
    expect(parseReadingMessage('citygraph/sensors/S-1/readings', latin1)).toEqual({ reading: { sensorId: 'S-1', at: '\uFFFD', value: 3 } });
  });

  it('reads a payload that is a view into a larger buffer without reading past it', () => {
    const whole = Buffer.from('xx{"at":"2026-11-28T08:00:00Z","value":2}yy');
    const view = whole.subarray(2, whole.length - 2);
    expect(parseReadingMessage('citygraph/sensors/S-1/readings', view)).toEqual({ reading: { sensorId: 'S-1', at: '2026-11-28T08:00:00Z', value: 2 } });
  });

  it('reads every payload as JSON.parse would, whether or not it is written exactly as JSON.stringify writes a reading', () => {
    // The general path, as the parser read every payload before it read the usual shape in place.
    const general = (text: string) => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { malformed: 'The payload is not JSON.' };
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return { malformed: 'The payload is not a JSON object {"at", "value"}.' };
      const { at, value } = body as Record<string, unknown>;
      return { reading: { sensorId: 'S-1', at, value } };
    };
    const same = (text: string) => labelled(`payload ${text}`, () => expect(parseReadingMessage('citygraph/sensors/S-1/readings', payload(text))).toEqual(general(text)));

    const numbers = ['0', '-0', '1', '-1', '1.25', '0.1', '-0.000001', '123456789012345678901234567890', '1e3', '1E3', '1e+3', '1e-3', '-1.5E-7', '1e400', '-1e400', '5e-324', '2e-324', '1.7976931348623157e308',
      '0.30000000000000004', '9007199254740993', '00', '01', '-', '+1', '1.', '.5', '1e', '1e+', '1.e3', '-.5', '0x10', 'NaN', 'Infinity', '1_000', '1 ', ' 1', 'true', 'null', '"1"', '[1]', '{}', '1,"value":2', '1}'];
    const times = ['2026-11-28T08:00:00.000Z', '2026-11-28T08:00:00Z', '', 'x', 'a\\"b', 'tab\\t', 'caf\u00e9', 'café', 'line\nbreak', '\u007f', '~ !#$%&()*+,-./:;<=>?@[]^_`{|}', '"'];
    for (const value of numbers) for (const at of times) same(`{"at":"${at}","value":${value}}`);
    for (const text of ['{"at":"x","value":1', '{"at":"x","value":}', '{"at":"x" ,"value":1}', '{ "at":"x","value":1}', '{"at":"x","value":1} ', '{"value":1,"at":"x"}', '{"at":"x","value":1,"at":"y"}', '{"at":"x","value":1,"value":2}',
      '{"at":"x","valu":1}', '{"at":"x","Value":1}', '{"at":x,"value":1}', '{"at":"x","value":1}}', '{"at":"x"}', '{"at":"x","value":1}\n', '\ufeff{"at":"x","value":1}', '{"at":"x\u0000","value":1}', '{"at":"\\u0041","value":1}', '{}', '{"at":"","value":0}']) {
      same(text);
    }

    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const alphabet = '{}":,.-+eE0123456789 atvlu\\Z\u00e9';
    for (let i = 0; i < 30_000; i += 1) {
      const value = [Math.round(random() * 1e6) / 100, -random() * 1e-5, Math.floor(random() * 4), random() * 1e300, -random()][i % 5]!;
      let text = JSON.stringify({ at: new Date(1.7e12 + random() * 1e11).toISOString(), value });
      for (let m = Math.floor(random() * 3); m > 0; m -= 1) {
        const at = Math.floor(random() * text.length);
        const edit = random();
        const char = alphabet[Math.floor(random() * alphabet.length)]!;
        text = edit < 0.4 ? text.slice(0, at) + char + text.slice(at + 1) : edit < 0.7 ? text.slice(0, at) + char + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      }
      same(text);
    }
  });
});
