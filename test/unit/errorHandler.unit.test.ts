import type { NextFunction, Request, Response } from 'express';

import { errorHandler } from '../../src/web/errorHandler.js';

/** A response that records whether anything was sent. */
function recordingResponse() {
  const sent: unknown[] = [];
  const res = {
    headersSent: false,
    locals: {},
    status(code: number) {
      sent.push(code);
      return res;
    },
    setHeader: () => res,
    type: () => res,
    json: (b: unknown) => sent.push(b),
    send: (b: unknown) => sent.push(b),
    end: () => sent.push('end'),
  };
  return { res: res as unknown as Response, sent };
}

const request = (destroyed: boolean) =>
  ({ destroyed, method: 'GET', path: '/api/tasks', accepts: () => 'json', get: () => undefined }) as unknown as Request;

describe('errorHandler: a client that went away', () => {
  test('when the client closed the connection before the answer, then nothing is sent (there is nobody to answer)', () => {
    const { res, sent } = recordingResponse();
    errorHandler(new Error('aborted'), request(true), res, (() => {}) as NextFunction);
    expect(sent).toEqual([]);
  });

  test('when the same error comes while the client is still connected, then it is a 500', () => {
    const { res, sent } = recordingResponse();
    errorHandler(new Error('aborted'), request(false), res, (() => {}) as NextFunction);
    expect(sent[0]).toBe(500);
  });
});
