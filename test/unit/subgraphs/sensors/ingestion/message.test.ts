import { describe, expect, it } from '@jest/globals';
import { MAX_PAYLOAD_BYTES, parseReadingMessage, readingsTopic, readingsTopicFilter } from '../../../../../subgraphs/sensors/ingestion/message.js';

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
});
