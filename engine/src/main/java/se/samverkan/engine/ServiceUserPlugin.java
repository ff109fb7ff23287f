package se.samverkan.engine;

import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.authorization.Groups;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.User;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Creates the app's REST service account ({@code ENGINE_SERVICE_USER} / {@code ENGINE_SERVICE_PASSWORD}) as a member
 * of {@code operaton-admin} if it does not exist yet, next to the human admin of {@code operaton.bpm.admin-user}. The
 * app signs in with it when REST requires Basic auth (production) and seeds the webapp users and authorizations.
 * An existing account is left as it is: change its password in the Admin webapp or through REST.
 */
@Component
@ConditionalOnExpression("'${samverkan.service-user.id:}' != ''")
public class ServiceUserPlugin extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceUserPlugin.class);
  private final String id;
  private final String password;

  public ServiceUserPlugin(@Value("${samverkan.service-user.id}") String id, @Value("${samverkan.service-user.password:}") String password) {
    if (password.isEmpty()) throw new IllegalStateException("ENGINE_SERVICE_PASSWORD must be set together with ENGINE_SERVICE_USER");
    this.id = id;
    this.password = password;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    IdentityService identity = processEngine.getIdentityService();
    try {
      if (identity.createUserQuery().userId(id).count() > 0) return;
      if (identity.createGroupQuery().groupId(Groups.OPERATON_ADMIN).count() == 0) {
        Group group = identity.newGroup(Groups.OPERATON_ADMIN);
        group.setName("operaton BPM Administrators");
        group.setType(Groups.GROUP_TYPE_SYSTEM);
        identity.saveGroup(group);
      }
      User user = identity.newUser(id);
      user.setFirstName("Samverkan");
      user.setLastName("Service");
      user.setPassword(password);
      identity.saveUser(user);
      identity.createMembership(id, Groups.OPERATON_ADMIN);
      LOG.info("Created service user '{}' (member of {})", id, Groups.OPERATON_ADMIN);
    } catch (RuntimeException e) {
      // Another node of the cluster created it at the same moment: fine.
      if (identity.createUserQuery().userId(id).count() == 0) throw e;
    }
  }
}
