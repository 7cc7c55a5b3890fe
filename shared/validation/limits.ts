// The one table of text limits (characters, after cleaning): the contract's schemas take their maximum from
// here and the forms their maxLength, so a form never lets the clerk type what the core will refuse.
export const LIMITS = {
  // Applicant
  personName: 120,
  idNumber: 20,
  birthDate: 10,
  address: 300,
  phone: 20,
  email: 120,
  // Dossier
  componentCode: 40,
  componentName: 300,
  deliveryAddress: 300,
  note: 1000,
  reason: 2000,
  // Office
  governingBody: 200,
  officeName: 200,
  place: 100,
  agencyCode: 20,
  officeAddress: 300,
  officePhone: 30,
  website: 200,
  lookupUrl: 300,
  numberPattern: 100,
  counterCode: 10,
  hhmm: 5,
  // Catalogue
  procedureCode: 40,
  procedureName: 300,
  sector: 100,
  feeName: 200,
  feeNote: 300,
  resultCode: 40,
  resultName: 300,
  resultNote: 300,
  // Calendar, users, search, printing
  overrideName: 200,
  /** A date typed as dd/mm/yyyy. */
  typedDate: 10,
  username: 40,
  userFullName: 120,
  password: 200,
  searchQuery: 200,
  printerName: 200,
  /** A note of the person who handled a parked sync item. */
  handlingNote: 500,
} as const;

export type LimitName = keyof typeof LIMITS;
