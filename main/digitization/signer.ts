// The person who digitizes signs the scan with a personal digital signature (Thông tư 01/2023 Điều 8).
// The app talks to signers through this interface only. Where real signers go:
//  - USB token (PKCS#11): a `Pkcs11Signer` in this folder that prepares a PDF signature dictionary with a
//    /ByteRange placeholder (PAdES baseline B, /SubFilter /ETSI.CAdES.detached), hashes the byte ranges, and
//    asks the token (through a separate helper process loading the vendor's PKCS#11 DLL, e.g. VNPT-CA,
//    Viettel-CA, BKAV-CA drivers — never inside the app process) for the CMS signature over that hash;
//  - remote signing (the provider's signing API, the clerk confirms on a phone): same placeholder, the hash
//    goes over HTTPS instead.
// Signing must be the last change to the file: the OCR text layer is added before signing, otherwise the
// signature would report the document as modified.
import { createHash } from 'node:crypto';

export interface SignerInfo {
  /** Name of the clerk who digitized the file (shown next to the signature). */
  name: string;
  /** The clerk's account id, to pick the right token/certificate. */
  userId?: string;
  reason?: string;
  location?: string;
}

export type SignatureRecord =
  | { signed: false; reason: string }
  | { signed: true; certificateSerial: string; signingTime: string; signerName: string; issuer?: string };

export interface SignResult {
  bytes: Uint8Array;
  signature: SignatureRecord;
}

export interface DocumentSigner {
  /** Stable id of the signer kind ('none', 'pkcs11', 'remote:<provider>'). */
  readonly kind: string;
  sign(pdfBytes: Uint8Array, signer: SignerInfo): Promise<SignResult>;
}

/**
 * The default: no signature device configured. The file is returned untouched and recorded as unsigned,
 * so the record never pretends a signature that does not exist.
 */
export class UnsignedSigner implements DocumentSigner {
  readonly kind = 'none';
  async sign(pdfBytes: Uint8Array, _signer: SignerInfo): Promise<SignResult> {
    return { bytes: pdfBytes, signature: { signed: false, reason: 'Chưa cấu hình chữ ký số cá nhân (USB token hoặc ký số từ xa).' } };
  }
}

export interface FinalizedFile {
  bytes: Uint8Array;
  sha256: string;
  signature: SignatureRecord;
}

/** Signs (or records as unsigned) and hashes the final bytes: the SHA-256 stored is the one of the signed file. */
export async function finalizeFile(pdfBytes: Uint8Array, signer: DocumentSigner, info: SignerInfo): Promise<FinalizedFile> {
  const { bytes, signature } = await signer.sign(pdfBytes, info);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), signature };
}
