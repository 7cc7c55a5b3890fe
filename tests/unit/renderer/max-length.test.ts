// The forms take their maxLength from the same table of limits as the contract's schemas, so a clerk cannot
// type what the core will refuse (and the core says the same limit when a caller sends more).
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { api } from '../../../shared/contract';
import { LIMITS } from '../../../shared/validation/limits';
import { DEFAULT_OFFICE, OfficeFields } from '../../../renderer/src/components/OfficeFields';
import { ApplicantSection } from '../../../renderer/src/intake/ApplicantSection';
import { DeliverySection } from '../../../renderer/src/intake/DeliverySection';

const render = <P extends object>(c: ComponentType<P>, props: P) => renderToStaticMarkup(createElement(c, props));
const maxLengthOf = (html: string, id: string) => Number(new RegExp(`<input[^>]*id="${id}"[^>]*maxLength="(\\d+)"`, 'i').exec(html)?.[1]
  ?? new RegExp(`<input[^>]*maxLength="(\\d+)"[^>]*id="${id}"`, 'i').exec(html)?.[1]);

describe('maxLength of the form inputs = the limits the core checks', () => {
  it('applicant and delivery fields', () => {
    const applicant = { fullName: '', idNumber: '', birthDate: '', address: '', phone: '', email: '' };
    const html = render(ApplicantSection, { value: applicant, onChange: () => undefined, errors: {}, warnings: {}, disabled: false, onTouch: () => undefined });
    const schema = api['dossiers.receive'].input;
    const limits = { fullName: LIMITS.personName, idNumber: LIMITS.idNumber, birthDate: LIMITS.birthDate, address: LIMITS.address, phone: LIMITS.phone, email: LIMITS.email };
    for (const [key, limit] of Object.entries(limits)) {
      expect(maxLengthOf(html, `applicant-${key}`), key).toBe(limit);
      // The core refuses one character more, saying the same limit.
      const r = schema.safeParse({ operationId: crypto.randomUUID(), procedureVersionId: 'x', applicant: { ...applicant, fullName: 'An', [key]: '1'.repeat(limit + 1) }, components: [], setCount: 1, delivery: { method: 'counter' }, outcome: 'receive' });
      expect(r.success, key).toBe(false);
      expect(r.error!.issues.find((i) => i.path.join('.') === `applicant.${key}`)?.message, key).toBe(`Tối đa ${limit} ký tự — hãy rút gọn.`);
    }
    const draft = { setCount: 1, delivery: { method: 'post' as const, address: '' }, note: '' };
    const delivery = render(DeliverySection, { draft: draft as never, onChange: () => undefined, errors: {}, disabled: false });
    expect(maxLengthOf(delivery, 'delivery-address')).toBe(LIMITS.deliveryAddress);
    expect(maxLengthOf(delivery, 'note')).toBe(LIMITS.note);
  });

  it('office settings', () => {
    const html = render(OfficeFields, { value: DEFAULT_OFFICE, onChange: () => undefined, errors: {}, idPrefix: 'o' });
    const limits = {
      governingBody: LIMITS.governingBody, officeName: LIMITS.officeName, place: LIMITS.place, agencyCode: LIMITS.agencyCode,
      address: LIMITS.officeAddress, phone: LIMITS.officePhone, website: LIMITS.website, numberPattern: LIMITS.numberPattern, counterCode: LIMITS.counterCode,
    };
    const schema = api['office.update'].input;
    for (const [key, limit] of Object.entries(limits)) {
      expect(maxLengthOf(html, `o-${key}`), key).toBe(limit);
      const r = schema.safeParse({ ...DEFAULT_OFFICE, [key]: 'A'.repeat(limit + 1) });
      expect(r.error?.issues.find((i) => i.path.join('.') === key)?.message, key).toBe(`Tối đa ${limit} ký tự — hãy rút gọn.`);
    }
  });
});
