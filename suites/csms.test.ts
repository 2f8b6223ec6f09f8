import { defineServiceSuite } from './conformance.ts';

await defineServiceSuite('csms');
