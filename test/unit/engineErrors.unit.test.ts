import { EngineError, isOptimisticLock, isRetryableConflict } from '../../src/engine/client.js';

describe('isOptimisticLock: which engine answers are a concurrent update worth retrying', () => {
  test('when the engine answers with an OptimisticLockingException, then it is one', () => {
    expect(
      isOptimisticLock(new EngineError(500, 'ENGINE-03005 Execution of UPDATE failed.', 'OptimisticLockingException')),
    ).toBe(true);
  });

  test('when the task completion wraps it in a RestException, then it is still one', () => {
    const wrapped = new EngineError(
      500,
      "POST /task/t1/complete: HTTP 500: Cannot complete task t1: ENGINE-03005 Execution of 'UPDATE ExecutionEntity[e1]' failed. Entity was updated by another transaction concurrently.",
      'RestException',
    );
    expect(isOptimisticLock(wrapped)).toBe(true);
  });

  test('when the engine refuses for another reason, then it is not one', () => {
    expect(
      isOptimisticLock(
        new EngineError(500, 'Cannot complete task t1: ENGINE-13017 Task is suspended', 'RestException'),
      ),
    ).toBe(false);
    expect(isOptimisticLock(new EngineError(404, 'Task with id t1 does not exist', 'InvalidRequestException'))).toBe(
      false,
    );
    expect(isOptimisticLock(new Error('updated by another transaction concurrently'))).toBe(false);
  });
});

describe('isRetryableConflict: which engine answers are worth trying the same command again', () => {
  test('when the engine answers with an optimistic-locking conflict, then it is one', () => {
    expect(
      isRetryableConflict(
        new EngineError(500, 'ENGINE-03005 Execution of UPDATE failed.', 'OptimisticLockingException'),
      ),
    ).toBe(true);
  });

  test('when a deadlock rolled the task completion back (the persistence-layer answer), then it is one', () => {
    // the answer the engine gave when two parallel branches of one etablering ended at once (ERROR: deadlock detected)
    const deadlock = new EngineError(
      500,
      'POST /task/t1/complete: HTTP 500: Cannot complete task t1: An exception occurred in the persistence layer. Please check the server logs for a detailed message and the entire exception stack trace.',
      'RestException',
    );
    expect(isRetryableConflict(deadlock)).toBe(true);
  });

  test('when the engine refuses for a reason a repeat cannot change, then it is not one', () => {
    expect(
      isRetryableConflict(
        new EngineError(500, 'Cannot complete task t1: ENGINE-13017 Task is suspended', 'RestException'),
      ),
    ).toBe(false);
    expect(isRetryableConflict(new EngineError(400, 'persistence layer', 'InvalidRequestException'))).toBe(false);
    expect(isRetryableConflict(new Error('An exception occurred in the persistence layer'))).toBe(false);
  });
});
