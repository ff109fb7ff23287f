package se.samverkan.engine;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.operaton.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.operaton.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Keeps the engine from writing an authorization row per task for its assignee, owner, candidate users and candidate
 * groups (the default provider does, when authorization is enabled).
 *
 * <p>Nobody works on tasks through the engine's Tasklist: the caseworkers' candidate groups are the app's roles and
 * exist only in the app, and the app completes tasks over REST as its service account (a member of
 * {@code operaton-admin}). The engine's own logins (styrgrupp, processägare) read tasks through a grant on every task
 * (resource id {@code *}), not through per-task rows. Those rows were therefore never read, but cost a query and an
 * insert per candidate group on every task and a delete when it ends. Every other default authorization (users,
 * groups, filters, deployments, ...) is written as before.
 */
@Component
public class NoTaskAuthorizationsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setResourceAuthorizationProvider(new NoTaskAuthorizationsProvider());
  }

  /** The default provider without the per-task authorizations. */
  public static class NoTaskAuthorizationsProvider extends DefaultAuthorizationProvider {

    private static final AuthorizationEntity[] NONE = new AuthorizationEntity[0];

    @Override
    public AuthorizationEntity[] newTaskAssignee(Task task, String oldAssignee, String newAssignee) {
      return NONE;
    }

    @Override
    public AuthorizationEntity[] newTaskOwner(Task task, String oldOwner, String newOwner) {
      return NONE;
    }

    @Override
    public AuthorizationEntity[] newTaskUserIdentityLink(Task task, String userId, String type) {
      return NONE;
    }

    @Override
    public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
      return NONE;
    }
  }
}
