import { defineServiceSuite } from './conformance.ts';

await defineServiceSuite('elb');
