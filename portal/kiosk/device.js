/**
 * What the kiosk device does with the hub (docs/kiosk.md). The kiosk is transport department staff whose official
 * is the kiosk (ARCHITECTURE §3), each request for one purpose: TAXI_ASSIST for the face check and taxis,
 * TRANSIT_ACCESS for the health pass. It holds its credential in memory only, and a face embedding only for the one
 * request it is sent with: every action takes a fresh picture, so a card number alone never opens anything.
 */
export class KioskError extends Error {
  /** `code`: NETWORK, NOT_READY, GENERAL, NOT_MATCHED or the graph's own error code. */
  constructor(code, message = code) {
    super(message);
    this.name = 'KioskError';
    this.code = code;
  }
}

const CHECK_FACE = `mutation KioskCheckFace($kioskId: ID!, $citizenId: ID!, $embedding: [Float!]!) {
  checkFaceAtKiosk(kioskId: $kioskId, citizenId: $citizenId, embedding: $embedding) { matched savedPlaces { label } }
}`;
const HAIL = `mutation KioskHail($kioskId: ID!, $citizenId: ID!, $embedding: [Float!]!, $destinationLabel: String!) {
  hailTaxiAtKiosk(kioskId: $kioskId, citizenId: $citizenId, embedding: $embedding, destinationLabel: $destinationLabel) {
    matched ride { id status etaMinutes awaitingConsent destination { label } } oneRideQuestions { partnerId partnerName }
  }
}`;
const ANSWER_RIDE = `mutation KioskAnswerRide($kioskId: ID!, $citizenId: ID!, $rideId: ID!, $partnerId: ID!, $approve: Boolean!, $embedding: [Float!]!) {
  answerRideConsentAtKiosk(kioskId: $kioskId, citizenId: $citizenId, rideId: $rideId, partnerId: $partnerId, approve: $approve, embedding: $embedding) {
    matched ride { id status etaMinutes awaitingConsent }
  }
}`;
const CANCEL_RIDE = `mutation KioskCancelRide($kioskId: ID!, $citizenId: ID!, $rideId: ID!, $embedding: [Float!]!) {
  cancelRideAtKiosk(kioskId: $kioskId, citizenId: $citizenId, rideId: $rideId, embedding: $embedding) { matched ride { id status etaMinutes awaitingConsent } }
}`;
const RIDE = `query KioskRide($citizenId: ID!, $rideId: ID!) { citizen(id: $citizenId) { taxiRide(id: $rideId) { id status etaMinutes } } }`;
const PASS = `mutation KioskPass($citizenId: ID!, $embedding: [Float!]!) {
  issueHealthPassAtKiosk(citizenId: $citizenId, embedding: $embedding) { matched pass { token expiresAt status } }
}`;

async function postJson(url, body) {
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new KioskError('NETWORK');
  }
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new KioskError(response.status === 403 || response.status === 404 ? 'NOT_READY' : 'GENERAL', answer?.errors?.[0]?.message);
  return answer;
}

export class KioskDevice {
  constructor(kioskId) {
    this.kioskId = kioskId;
    this.token = null;
    this.options = { deviceSignIn: false, simulatedCamera: false };
  }

  /** What this server offers the kiosk page: in development on loopback, a credential and the simulated camera. */
  async start() {
    try {
      const response = await fetch('/portal/kiosk/options');
      if (response.ok) this.options = await response.json();
    } catch {
      throw new KioskError('NETWORK');
    }
    return this.options;
  }

  async credential() {
    if (this.token) return this.token;
    if (!this.options.deviceSignIn) throw new KioskError('NOT_READY');
    this.token = (await postJson('/portal/kiosk/device-sign-in', { kioskId: this.kioskId })).token;
    return this.token;
  }

  /**
   * A fresh picture from the camera, as the embedding the camera's own software computes. Here only the
   * development simulator exists (a real kiosk's camera software would answer this); `who` says who stands in front.
   */
  async capture(citizenId, who) {
    if (!this.options.simulatedCamera) throw new KioskError('NOT_READY');
    return (await postJson('/portal/kiosk/simulated-camera', { citizenId, who })).embedding;
  }

  async graphql(query, variables, purpose) {
    const token = await this.credential();
    let response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new KioskError('NETWORK');
    }
    const body = await response.json().catch(() => null);
    if (response.status === 401) this.token = null;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (!body?.data || Object.values(body.data).every((value) => value === null)) {
      throw new KioskError(code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? 'NOT_READY' : code ?? 'GENERAL', first?.message);
    }
    return body.data;
  }

  /** The face check; answers the saved places' labels on a match, throws NOT_MATCHED otherwise. */
  async checkFace(citizenId, embedding) {
    const { checkFaceAtKiosk: answer } = await this.graphql(CHECK_FACE, { kioskId: this.kioskId, citizenId, embedding }, 'TAXI_ASSIST');
    if (!answer.matched) throw new KioskError('NOT_MATCHED');
    return answer.savedPlaces.map((place) => place.label).filter((label) => typeof label === 'string');
  }

  /** Books the ride; answers it with the one-ride questions to ask when no taxi company may see it yet. */
  async hail(citizenId, embedding, destinationLabel) {
    const { hailTaxiAtKiosk: answer } = await this.graphql(HAIL, { kioskId: this.kioskId, citizenId, embedding, destinationLabel }, 'TAXI_ASSIST');
    if (!answer.matched) throw new KioskError('NOT_MATCHED');
    return { ride: answer.ride, questions: answer.oneRideQuestions ?? [] };
  }

  /**
   * The citizen's yes or no to one company seeing this ride. The picture taken for it is what authorises the
   * answer: without a match nothing is answered (NOT_MATCHED). Answers the ride as it now is.
   */
  async answerRide(citizenId, rideId, partnerId, approve, embedding) {
    const { answerRideConsentAtKiosk: answer } = await this.graphql(ANSWER_RIDE, { kioskId: this.kioskId, citizenId, rideId, partnerId, approve, embedding }, 'TAXI_ASSIST');
    if (!answer.matched) throw new KioskError('NOT_MATCHED');
    return answer.ride;
  }

  /**
   * The citizen's own cancel of their ride, authorised by the picture taken for it: without a match nothing is
   * cancelled (NOT_MATCHED). A ride that is over is BAD_USER_INPUT. Answers the ride as it now is (CANCELLED).
   */
  async cancelRide(citizenId, rideId, embedding) {
    const { cancelRideAtKiosk: answer } = await this.graphql(CANCEL_RIDE, { kioskId: this.kioskId, citizenId, rideId, embedding }, 'TAXI_ASSIST');
    if (!answer.matched) throw new KioskError('NOT_MATCHED');
    return answer.ride;
  }

  async ride(citizenId, rideId) {
    const data = await this.graphql(RIDE, { citizenId, rideId }, 'TAXI_ASSIST');
    return data.citizen?.taxiRide ?? null;
  }

  async healthPass(citizenId, embedding) {
    const { issueHealthPassAtKiosk: answer } = await this.graphql(PASS, { citizenId, embedding }, 'TRANSIT_ACCESS');
    if (!answer.matched) throw new KioskError('NOT_MATCHED');
    return answer.pass;
  }
}
