import { describe, expect, it } from 'vitest';
import {
  buildSearchKey,
  cleanLine,
  cleanText,
  foldForSearch,
  matchesQuery,
  normalizePersonName,
  toNfc,
} from '../../../shared/text/vietnamese';

const nfd = (s: string) => s.normalize('NFD');

describe('toNfc', () => {
  it('composes NFD input (Unikey/VNI decomposed mode)', () => {
    const decomposed = nfd('Nguyễn Thị Hồng Nhung');
    expect(decomposed).not.toBe('Nguyễn Thị Hồng Nhung');
    expect(toNfc(decomposed)).toBe('Nguyễn Thị Hồng Nhung');
  });

  it('composes partially decomposed text (base letter with circumflex + combining tone)', () => {
    expect(toNfc('Nguy\u00EA\u0303n')).toBe('Nguyễn');
  });

  it('removes zero-width characters, BOM and soft hyphens', () => {
    expect(toNfc('\uFEFFLê\u200B Văn\u00AD\u200D Tám\u2060')).toBe('Lê Văn Tám');
  });

  it('maps the look-alike eth (Ð/ð) from legacy converters to Đ/đ', () => {
    expect(toNfc('\u00D0ỗ Văn \u00F0ức')).toBe('Đỗ Văn đức');
  });

  it('keeps whitespace as it is', () => {
    expect(toNfc('  a\n  b ')).toBe('  a\n  b ');
  });
});

describe('cleanLine / cleanText', () => {
  it('cleanLine trims and collapses every kind of whitespace to one space', () => {
    expect(cleanLine('  Thôn\u00A0 Đông\t\tXã\nAn   Phú ')).toBe('Thôn Đông Xã An Phú');
  });

  it('cleanLine normalizes NFD as well', () => {
    expect(cleanLine(nfd(' Hòa  Bình '))).toBe('Hòa Bình');
  });

  it('cleanText keeps line breaks, trims lines and collapses spaces inside them', () => {
    expect(cleanText('  Dòng  một  \r\nDòng\t hai\r\n\r\n\r\n\r\n  Dòng ba  \n\n')).toBe(
      'Dòng một\nDòng hai\n\nDòng ba',
    );
  });

  it('cleanText normalizes NFD and removes invisible characters', () => {
    expect(cleanText(nfd('Ghi chú:\u200B đã nộp đủ'))).toBe('Ghi chú: đã nộp đủ');
  });
});

describe('foldForSearch', () => {
  it('removes tones and diacritics, folds đ, lower-cases', () => {
    expect(foldForSearch('Nguyễn Văn Đức')).toBe('nguyen van duc');
  });

  it('gives the same key for NFD input', () => {
    expect(foldForSearch(nfd('Nguyễn Văn Đức'))).toBe('nguyen van duc');
  });

  it('folds every Vietnamese vowel with every tone', () => {
    expect(foldForSearch('àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ')).toBe(
      'aaaaa aaaaaa aaaaaa eeeee eeeeee iiiii ooooo oooooo oooooo uuuuu uuuuuu yyyyy',
    );
    expect(foldForSearch('ỲÝỶỸỴ ƯỨ ĐƠ')).toBe('yyyyy uu do');
  });

  it('folds old and new tone placement to one key', () => {
    expect(foldForSearch('Hoà Thuỷ')).toBe(foldForSearch('Hòa Thủy'));
  });

  it('turns punctuation into spaces and collapses whitespace', () => {
    expect(foldForSearch('  Trần-Thị   Bích, (Thôn 3) ')).toBe('tran thi bich thon 3');
  });

  it('handles the eth look-alike and invisible characters', () => {
    expect(foldForSearch('\u00D0inh\u200B Văn')).toBe('dinh van');
  });
});

describe('buildSearchKey', () => {
  it('folds and joins non-empty parts', () => {
    expect(buildSearchKey('Lê Thị Đào', null, '', undefined, '0912 345 678')).toBe('le thi dao 0912 345 678');
  });
});

describe('normalizePersonName', () => {
  it('capitalises each word and collapses spaces', () => {
    expect(normalizePersonName('nguyễn  văn AN')).toBe('Nguyễn Văn An');
  });

  it('handles all-caps and NFD input, giving NFC output', () => {
    const out = normalizePersonName(nfd('  ĐẶNG   THỊ ÁNH  '));
    expect(out).toBe('Đặng Thị Ánh');
    expect(out).toBe(out.normalize('NFC'));
  });

  it('capitalises a word starting with a toned vowel given in NFD', () => {
    expect(normalizePersonName(nfd('ấu ỷ'))).toBe('Ấu Ỷ');
  });

  it('capitalises after an apostrophe or hyphen (ethnic-minority names)', () => {
    expect(normalizePersonName("h'hen niê")).toBe("H'Hen Niê");
    expect(normalizePersonName('y-moan ênuôl')).toBe('Y-Moan Ênuôl');
  });

  it('keeps the tone placement that was typed', () => {
    expect(normalizePersonName('lê thị hoà')).toBe('Lê Thị Hoà');
  });
});

describe('matchesQuery', () => {
  const key = buildSearchKey('Nguyễn Văn Đức', '001090123456', '0912345678');

  it('matches word prefixes in any order, without tones', () => {
    expect(matchesQuery(key, 'duc nguyen')).toBe(true);
    expect(matchesQuery(key, 'ng v đ')).toBe(true);
    expect(matchesQuery(key, nfd('Nguyễn Đức'))).toBe(true);
  });

  it('requires every query word to match', () => {
    expect(matchesQuery(key, 'nguyen thi')).toBe(false);
  });

  it('does not match letters in the middle of a word', () => {
    expect(matchesQuery(key, 'uyen')).toBe(false);
    expect(matchesQuery(buildSearchKey('Trần Minh Tuấn'), 'an')).toBe(false);
  });

  it('matches 3+ digit numbers anywhere (last digits of phone or ID)', () => {
    expect(matchesQuery(key, '5678')).toBe(true);
    expect(matchesQuery(key, '123456')).toBe(true);
    expect(matchesQuery(key, '56')).toBe(false);
    expect(matchesQuery(key, '0010')).toBe(true);
    expect(matchesQuery(key, '9999')).toBe(false);
  });

  it('an empty or punctuation-only query matches everything', () => {
    expect(matchesQuery(key, '')).toBe(true);
    expect(matchesQuery(key, ' , ')).toBe(true);
  });
});
