/**
 * Personal data encrypted with one firm's data key (AES-256-GCM). Events carry only this; destroying the
 * firm's key makes every copy unreadable while the events themselves stay intact (crypto-shredding).
 */
export interface SealedPersonalData {
  readonly keyId: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** A representative (대표자): personal data, kept apart from the firm's business facts. */
export interface Representative {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
}
