package se.samverkan.engine;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.Tenant;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic authentication that remembers a successful check for a short time.
 *
 * <p>The stock provider runs {@code checkPassword} (a user query, a salted hash and a command context) and the filter
 * then queries the user's groups and tenants: three engine commands and their SQL for every REST call, which is most
 * of what a small call like "fetch and lock" or "complete" costs. This provider caches the outcome of a successful
 * authentication, with the user's groups and tenants, for {@link #TTL_MS} milliseconds, keyed by the SHA-256 of the
 * engine name and the whole Authorization header (so a different password is a different key and is checked again).
 * A failed authentication is never cached. The cache holds at most {@link #MAX_ENTRIES} entries; expired entries are
 * dropped when it is full, and if it is still full it is emptied.
 *
 * <p>{@code -Dsamverkan.rest-auth-cache-ms=0} turns the cache off.
 *
 * <p>Consequence: a changed password, a removed user or a changed group membership takes effect on the REST API after
 * at most {@link #TTL_MS} milliseconds.
 */
public class CachingBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

  static final long TTL_MS = Long.getLong("samverkan.rest-auth-cache-ms", 30_000L);
  static final int MAX_ENTRIES = 256;

  private record Entry(String userId, List<String> groups, List<String> tenants, long expiresAt) {}

  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader("Authorization");
    if (TTL_MS <= 0 || header == null || !header.startsWith(BASIC_AUTH_HEADER_PREFIX)) {
      return super.extractAuthenticatedUser(request, engine);
    }
    String key = keyOf(engine.getName(), header);
    long now = System.currentTimeMillis();
    Entry hit = cache.get(key);
    if (hit != null && hit.expiresAt() > now) {
      return resultOf(hit);
    }
    AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
    if (!result.isAuthenticated() || result.getAuthenticatedUser() == null) {
      cache.remove(key);
      return result;
    }
    String userId = result.getAuthenticatedUser();
    Entry entry = new Entry(userId, groupsOf(engine, userId), tenantsOf(engine, userId), now + TTL_MS);
    if (cache.size() >= MAX_ENTRIES) {
      cache.values().removeIf(e -> e.expiresAt() <= now);
      if (cache.size() >= MAX_ENTRIES) cache.clear();
    }
    cache.put(key, entry);
    return resultOf(entry);
  }

  private static AuthenticationResult resultOf(Entry entry) {
    AuthenticationResult result = AuthenticationResult.successful(entry.userId());
    // Copies: the filter hands these lists to the identity service of the request's thread.
    result.setGroups(new ArrayList<>(entry.groups()));
    result.setTenants(new ArrayList<>(entry.tenants()));
    return result;
  }

  /** The same queries the stock filter runs when a provider leaves groups and tenants unset. */
  private static List<String> groupsOf(ProcessEngine engine, String userId) {
    return engine.getIdentityService().createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
  }

  private static List<String> tenantsOf(ProcessEngine engine, String userId) {
    return engine.getIdentityService().createTenantQuery().userMember(userId).includingGroupsOfUser(true).list().stream()
        .map(Tenant::getId)
        .toList();
  }

  private static String keyOf(String engineName, String header) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(engineName.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(header.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
