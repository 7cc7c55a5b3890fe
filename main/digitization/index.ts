// Public surface of the digitization pipeline (issue 3): profiles, page processing, scan jobs, component
// PDFs, OCR and the signer plug point. The scanner drivers live in main/devices/scanning.
export * from './types';
export { BUILT_IN_PROFILES, DEFAULT_PROFILE_ID, MIN_LEGAL_DPI, listProfiles, parseProfile, profileForProcedure, scanProfileSchema } from './profiles';
export type { ProfileCheck, ProfileSettings, ScanProfile } from './profiles';
export { processPage, outputMode } from './page-processor';
export type { ProcessOptions } from './page-processor';
export { buildComponentPdf, markText } from './component-pdf';
export type { ComponentPdf, ComponentPdfInput, PdfPageSource } from './component-pdf';
export { readRecordFields, XMP_NAMESPACE } from './pdf-metadata';
export type { DigitizedFileRecord, PageRecord } from './pdf-metadata';
export { UnsignedSigner, finalizeFile } from './signer';
export type { DocumentSigner, FinalizedFile, SignatureRecord, SignerInfo, SignResult } from './signer';
export { addTextLayer, ocrAvailable, ocrPage, OcrError } from './ocr';
export type { OcrDocumentResult, OcrOptions, OcrPageImage, OcrStatus, PageOcr } from './ocr';
export { OcrQueue, OcrCancelledError } from './ocr-queue';
export { ScanJob, ScanJobError } from './pipeline';
export { PageProblem, RasterUnavailable, rasterizePdfPage, DEFAULT_RASTER_TIMEOUT_MS } from './pdf-raster';
export { extractPageImage } from './pdf-image-extract';
export type { ExtractedPageImage } from './pdf-image-extract';
export { keepVectorPage, vectorPagePreview } from './pdf-vector-page';
export type { RasterOptions } from './pdf-raster';
export type { AddPageOptions, BuildOptions, BuiltComponent, ComponentCount, JobComponent, JobManifest, JobPage } from './pipeline';
