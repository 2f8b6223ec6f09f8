/**
 * The reference emulator: the embedded default target of the suite. It implements the five
 * documented operations on its own (it never imports the suite's spec, checks or cases), serves
 * them on one port, and can misbehave in one named way at a time (the fault catalogue).
 *
 * ```ts
 * const emu = await startEmulator({ fault: 'create-app-unmasked-secret' });
 * // emu.url, emu.fixtures → the run's target and fixtures
 * await emu.close();
 * ```
 */
export { createEmulator, MAX_BODY_BYTES } from './handler.ts';
export type { Emulator, EmulatorOptions, EmulatorSnapshot, WireRequest, WireResponse } from './handler.ts';
export { startEmulator, MAX_CONNECTIONS, DEFAULT_BODY_TIMEOUT_MS } from './server.ts';
export type { RunningEmulator, StartOptions } from './server.ts';
export { runEmulatorCommand, EMULATOR_HELP } from './cli.ts';
export type { CommandIo } from './cli.ts';
export { FAULTS, faultNames, findFault, isFaultName } from './faults.ts';
export type { CheckName, Fault, FaultName, OperationName } from './faults.ts';
export { DEFAULT_SEED, DEFAULT_TOKEN, MAX_CREATED_APPS } from './fixtures.ts';
export type { EmulatorFixtures } from './fixtures.ts';
export { HANG } from './operation.ts';
