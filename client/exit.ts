/**
 * Exit codes, the same for every command: 0 done, 1 the service failed (cannot connect, a workflow
 * error), 2 the input is wrong (a broken file, an unknown round, an update the round rejected).
 * Commands throw; `exitCodeFor` turns what they threw into a code and one readable message.
 */
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { ConfigError } from '../worker/config';
import { roundWorkflowId } from '../workflows/ids';
import { ProvisionError } from './simulation/provisioned-servers';

export const EXIT_OK = 0;
export const EXIT_SERVICE = 1;
export const EXIT_INPUT = 2;

/** Something the person at the keyboard can fix: a file, an argument, a round id. */
export class InputError extends Error {
  override name = 'InputError';
}

/** The service did not do its part: unreachable, or a workflow failed. */
export class ServiceFailure extends Error {
  override name = 'ServiceFailure';
}

/** Thrown after the command has already printed its verdict (problems, a rejection) and only the code is left to set. */
export class Reported extends Error {
  override name = 'Reported';
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export interface Failure {
  exitCode: number;
  message: string;
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof Reported) return { exitCode: error.exitCode, message: '' };
  // A ProvisionError here is a TEMPORAL_TEST_SERVER that points nowhere: a setting to fix, like a ConfigError.
  if (error instanceof InputError || error instanceof ConfigError || error instanceof ProvisionError) return { exitCode: EXIT_INPUT, message: error.message };
  if (error instanceof WorkflowUpdateFailedError) {
    return { exitCode: EXIT_INPUT, message: `the round refused: ${rootMessage(error)}` };
  }
  if (error instanceof WorkflowNotFoundError) {
    return { exitCode: EXIT_INPUT, message: `no round with the id ${roundIdOf(error.workflowId)} runs on this service; jsrx list shows the rounds` };
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return { exitCode: EXIT_INPUT, message: `a round with the id ${error.workflowId} already runs; give the new round its own id, or cancel the old one first` };
  }
  if (error instanceof WorkflowFailedError) return { exitCode: EXIT_SERVICE, message: `the round failed: ${rootMessage(error)}` };
  return { exitCode: EXIT_SERVICE, message: error instanceof Error ? error.message : String(error) };
}

/** The innermost cause's message: an ApplicationFailure's text, not the SDK's wrapper. */
export function rootMessage(error: Error): string {
  let current: Error = error;
  while (current.cause instanceof Error) current = current.cause;
  return current.message;
}

/** The round id back from a workflow id (`jsr-round-en-2027-r1` → `en-2027-r1`). */
export function roundIdOf(workflowId: string): string {
  const prefix = roundWorkflowId('');
  return workflowId.startsWith(prefix) ? workflowId.slice(prefix.length) : workflowId;
}
