package se.samverkan.engine;

import java.util.ArrayList;
import java.util.List;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.interceptor.Session;
import org.operaton.bpm.engine.impl.interceptor.SessionFactory;
import org.operaton.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.stereotype.Component;

/**
 * Runs no authorization query for members of {@code operaton-admin} (and the configured admin users).
 *
 * <p>The engine checks every command and query of an authenticated user against {@code ACT_RU_AUTHORIZATION}, admins
 * included: an admin is allowed because the set-up granted the admin group ALL on every resource, and the engine
 * proves that again with an {@code isUserAuthorizedForResource} query per command (two or three per task completion).
 * The app calls REST as its service account, a member of {@code operaton-admin}, for every user task, external task
 * and process start, so those queries were about a seventh of the engine's CPU in a year replay, and as much again in
 * PostgreSQL. This manager answers "authorized" for an admin without asking the database, which is what the grants
 * answer. The consequence: a REVOKE authorization written for an admin user or the admin group is not honoured (the
 * Admin webapp does not write such rows by itself). Everyone else (the styrgrupp's and the processägare's logins) is
 * checked exactly as before; the user operation log still names the admin who acted.
 */
@Component
public class AdminAuthorizationPlugin extends AbstractProcessEnginePlugin {

  /** {@code -Dsamverkan.check-admin-authorizations=true} keeps the stock checks (for comparing the two). */
  static final boolean CHECK_ADMINS = Boolean.getBoolean("samverkan.check-admin-authorizations");

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (CHECK_ADMINS) return;
    List<SessionFactory> factories = new ArrayList<>();
    if (configuration.getCustomSessionFactories() != null) factories.addAll(configuration.getCustomSessionFactories());
    // Added after the engine's own factories, so this one replaces the stock AuthorizationManager's.
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class;
      }

      @Override
      public Session openSession() {
        return new AdminTrustingAuthorizationManager();
      }
    });
    configuration.setCustomSessionFactories(factories);
  }

  /** The stock manager, except that an admin's commands and queries are not checked against the authorization table. */
  public static class AdminTrustingAuthorizationManager extends AuthorizationManager {

    @Override
    protected boolean isAuthCheckExecuted() {
      return super.isAuthCheckExecuted() && !isOperatonAdmin(getCurrentAuthentication());
    }
  }
}
