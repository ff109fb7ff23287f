import { EngineError, isOptimisticLock } from '../../src/engine/client.js';

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
