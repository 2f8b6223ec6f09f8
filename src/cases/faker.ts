/**
 * Realistic leaves from @faker-js/faker, seeded through fast-check (STYLE.md):
 * `fc.noShrink(fc.noBias(fc.integer())).map(seed => …)`. fast-check owns the randomness, so a
 * case replays from its seed and path; faker values never shrink (a shrunk company name is
 * noise), the integers and filler around them do.
 *
 * Private Faker instances: reseeding the shared `fakerZH_CN` / `fakerEN` singletons would
 * perturb anything else in the process that draws from them.
 */
import type { Faker } from '@faker-js/faker';
// The locale entry points load two locales; the package's main entry loads all seventy (~150 ms
// of a cold start). Their singletons give the class and the merged definitions, which build
// private instances equal to `new Faker({ locale: [zh_CN, en, base] })` and `[en, base]`.
import { faker as fakerEN } from '@faker-js/faker/locale/en';
import { faker as fakerZH_CN } from '@faker-js/faker/locale/zh_CN';
import fc from 'fast-check';
import { HAN, LATIN, sanitise, type CharRule } from './charclasses.ts';
import { xoroshiroRandomizer } from './randomizer.ts';

const FakerClass = fakerZH_CN.constructor as typeof Faker;
const zh = new FakerClass({ locale: fakerZH_CN.rawDefinitions, randomizer: xoroshiroRandomizer() });
const english = new FakerClass({ locale: fakerEN.rawDefinitions, randomizer: xoroshiroRandomizer() });

export interface Fakers {
  /** Chinese locale (fakerZH_CN's definitions) */
  readonly zh: Faker;
  /** English locale (fakerEN's definitions) */
  readonly en: Faker;
}

/**
 * Each instance is seeded on first use within a value: a value then depends only on the seed,
 * exactly as when both are seeded up front, without paying for a seeding it does not use.
 */
class SeededFakers implements Fakers {
  private zhSeeded = false;
  private enSeeded = false;
  constructor(private readonly seed: number) {}
  get zh(): Faker {
    if (!this.zhSeeded) {
      zh.seed(this.seed);
      this.zhSeeded = true;
    }
    return zh;
  }
  get en(): Faker {
    if (!this.enSeeded) {
      english.seed(this.seed);
      this.enSeeded = true;
    }
    return english;
  }
}

/** A seeded faker value as a fast-check arbitrary. `produce` must use only `f`. */
export function fakerArbitrary<T>(produce: (f: Fakers) => T): fc.Arbitrary<T> {
  return fc.noShrink(fc.noBias(fc.integer())).map((seed) => produce(new SeededFakers(seed)));
}

type Producer = (f: Fakers) => string;

/** App or certificate names. */
const CHINESE_NAMES: readonly Producer[] = [
  (f) => f.zh.company.name(),
  (f) => f.zh.commerce.productName(),
  (f) => `${f.zh.location.city()}${f.zh.commerce.department()}${f.zh.word.noun()}`,
  (f) => `${f.zh.person.lastName()}${f.zh.word.noun()}_${f.zh.number.int({ max: 99 })}`,
];
const ENGLISH_NAMES: readonly Producer[] = [
  (f) => f.en.commerce.productName(),
  (f) => `${f.en.company.name()} app`,
  (f) => `${f.en.hacker.adjective()}_${f.en.hacker.noun()}_${f.en.number.int({ max: 999 })}`,
  (f) => `${f.en.word.noun()}-${f.en.word.noun()}`,
];
const MIXED_NAMES: readonly Producer[] = [(f) => `${f.en.word.noun()}${f.zh.word.noun()}`];

/** Keys and secrets: identifiers, UUIDs, passwords. */
const KEYS: readonly Producer[] = [
  (f) => f.en.internet.username(),
  (f) => f.en.string.uuid(),
  (f) => f.en.string.alphanumeric({ length: { min: 8, max: 40 } }),
  (f) => f.en.internet.password({ length: f.en.number.int({ min: 8, max: 40 }), pattern: /[A-Za-z0-9_!@#$%-]/ }),
  (f) => `${f.en.word.noun()}_${f.en.string.alphanumeric(8)}`,
];

/** Remarks and descriptions. */
const CHINESE_TEXT: readonly Producer[] = [
  (f) => `${f.zh.company.name()}的${f.zh.commerce.productName()}`,
  (f) => f.zh.commerce.productDescription(),
  (f) => `${f.zh.location.city()}${f.zh.word.words({ count: { min: 2, max: 6 } })}`,
];
const ENGLISH_TEXT: readonly Producer[] = [
  (f) => f.en.company.catchPhrase(),
  (f) => f.en.commerce.productDescription(),
  (f) => f.en.hacker.phrase(),
  (f) => f.en.lorem.sentence(),
];

function producersFor(rule: CharRule): readonly Producer[] {
  const han = rule.restPool.includes(HAN);
  const latin = rule.restPool.includes(LATIN);
  if (rule.freeText) return [...(han ? CHINESE_TEXT : []), ...(latin ? ENGLISH_TEXT : [])];
  if (han && latin) return [...CHINESE_NAMES, ...ENGLISH_NAMES, ...MIXED_NAMES];
  if (han) return CHINESE_NAMES;
  return KEYS;
}

/**
 * Realistic text for a field, sanitised to its character rule (symbols it lacks become `_`/`-`
 * or go; a refused leading character goes). Length is not fitted here: generators fit it to the
 * length they want (generators/fit.ts). May be empty.
 */
export function realisticText(rule: CharRule): fc.Arbitrary<string> {
  const producers = producersFor(rule);
  if (producers.length === 0) return fc.constant('');
  return fakerArbitrary((f) => sanitise(rule, f.en.helpers.arrayElement(producers)(f)));
}

/** Realistic English text of printable ASCII the rule accepts (for length-negative cases). */
export function realisticAscii(rule: CharRule): fc.Arbitrary<string> {
  const producers = rule.freeText ? ENGLISH_TEXT : rule.restPool.includes(HAN) ? ENGLISH_NAMES : KEYS;
  return fakerArbitrary((f) => sanitise(rule, f.en.helpers.arrayElement(producers)(f).replace(/[^\x20-\x7e]/g, '')));
}
