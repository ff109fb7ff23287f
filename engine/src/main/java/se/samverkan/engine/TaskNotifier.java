package se.samverkan.engine;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.DelegateTask;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.IdentityLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Publishes every user task event (create, assignment, update, complete, delete) as
 * {@code NOTIFY engine_task, '<json>'} on the engine's own database connection, inside the engine transaction:
 * PostgreSQL delivers it only when that transaction commits, so a listener never sees a task that was rolled back,
 * and the task is readable through REST when the notification arrives.
 *
 * <p>Fed by the starter's task event bridge ({@code operaton.bpm.eventing.task: true}; {@code skippable: false}
 * so cancellations with {@code skipCustomListeners=true} are still reported). Switched by
 * {@code samverkan.task-notify} ({@code ENGINE_TASK_NOTIFY}, default true). The payload stays below PostgreSQL's
 * 8000-byte limit; variables listed in {@code samverkan.task-notify.variables} are included (null when absent).
 */
@Component
@ConditionalOnProperty(name = "samverkan.task-notify", havingValue = "true", matchIfMissing = true)
public class TaskNotifier {

  public static final String CHANNEL = "engine_task";
  /** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more. */
  static final int MAX_PAYLOAD_BYTES = 7900;
  private static final Logger LOG = LoggerFactory.getLogger(TaskNotifier.class);
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private final ObjectMapper json = new ObjectMapper();
  private final DataSource dataSource;
  private final List<String> variableNames;

  public TaskNotifier(DataSource dataSource,
                      @Value("${samverkan.task-notify.variables:caseId,verksamhet,escalated}") String variables) {
    this.dataSource = dataSource;
    this.variableNames = Arrays.stream(variables.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    LOG.info("Task events are sent as NOTIFY {} (variables {})", CHANNEL, variableNames);
  }

  @EventListener
  public void onTaskEvent(DelegateTask task) {
    String payload = payload(task);
    if (LOG.isDebugEnabled()) LOG.debug("NOTIFY {} {}", CHANNEL, payload);
    CommandContext commandContext = Context.getCommandContext();
    try {
      if (commandContext != null) {
        // The connection of the engine's current transaction (do not close it).
        notify(commandContext.getDbSqlSession().getSqlSession().getConnection(), payload);
      } else {
        // Not expected (task listeners run inside a command); Spring's transaction-bound connection if any.
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
          notify(connection, payload);
        } finally {
          DataSourceUtils.releaseConnection(connection, dataSource);
        }
      }
    } catch (SQLException e) {
      // A failed statement aborts the PostgreSQL transaction anyway: fail the engine command loudly.
      throw new ProcessEngineException("pg_notify(" + CHANNEL + ") failed for task " + task.getId() + ": " + e.getMessage(), e);
    }
  }

  private static void notify(Connection connection, String payload) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select pg_notify('" + CHANNEL + "', ?)")) {
      statement.setString(1, payload);
      statement.execute();
    }
  }

  String payload(DelegateTask task) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event", task.getEventName());
    out.put("id", task.getId());
    out.put("name", task.getName());
    out.put("taskDefinitionKey", task.getTaskDefinitionKey());
    out.put("processInstanceId", task.getProcessInstanceId());
    out.put("processDefinitionId", task.getProcessDefinitionId());
    out.put("executionId", task.getExecutionId());
    out.put("businessKey", safe(() -> {
      DelegateExecution execution = task.getExecution();
      return execution == null ? null : execution.getProcessBusinessKey();
    }));
    out.put("assignee", task.getAssignee());
    out.put("candidateGroups", safe(() -> candidateGroups(task)));
    out.put("due", iso(task.getDueDate()));
    out.put("followUp", iso(task.getFollowUpDate()));
    out.put("created", iso(task.getCreateTime()));
    out.put("deleteReason", task.getDeleteReason());
    Map<String, Object> variables = new LinkedHashMap<>();
    for (String name : variableNames) variables.put(name, safe(() -> jsonValue(task.getVariable(name))));
    out.put("variables", variables);

    String text = write(out);
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      out.put("name", truncate(task.getName()));
      variables.replaceAll((k, v) -> v instanceof String s ? truncate(s) : v);
      out.put("truncated", true);
      text = write(out);
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      out.put("variables", Map.of());
      out.put("candidateGroups", List.of());
      text = write(out);
    }
    return text;
  }

  private static List<String> candidateGroups(DelegateTask task) {
    List<String> groups = new ArrayList<>();
    for (IdentityLink link : task.getCandidates()) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) groups.add(link.getGroupId());
    }
    groups.sort(null);
    return groups;
  }

  private Object jsonValue(Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) return value;
    if (value instanceof Date d) return iso(d);
    if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
      try {
        return json.valueToTree(value);
      } catch (IllegalArgumentException e) {
        return String.valueOf(value);
      }
    }
    return String.valueOf(value); // e.g. a Spin JSON node prints as JSON text
  }

  private String write(Map<String, Object> out) {
    try {
      return json.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new ProcessEngineException("Cannot serialise task event: " + e.getMessage(), e);
    }
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 200 ? s : s.substring(0, 200);
  }

  private static Object safe(Supplier<Object> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** ISO-8601 with the JVM time zone's offset and milliseconds, e.g. 2025-03-01T09:30:00.000+01:00; null stays null. */
  static String iso(Date date) {
    return date == null ? null : ISO.format(date.toInstant().atZone(ZoneId.systemDefault()));
  }
}
