package se.samverkan.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only control of the engine clock ({@code ENGINE_TEST_CLOCK=true}).
 * <ul>
 *   <li>{@code GET /engine-test/clock} → {@code {"now": epochMs, "iso": "...", "offsetMs": n}}</li>
 *   <li>{@code POST /engine-test/clock} with {@code {"addMs": n}} or {@code {"time": "ISO-8601"}} moves the clock
 *   forward (it keeps running from there) and wakes the job executor so timers that are now due are acquired at
 *   once. Moving backwards is refused with 400: job locks taken on the moved clock would stay locked.</li>
 *   <li>{@code DELETE /engine-test/clock} resets to the system clock (same caveat: only for a fresh engine).</li>
 * </ul>
 */
@RestController
@RequestMapping("/engine-test/clock")
@ConditionalOnProperty(name = "samverkan.test-clock", havingValue = "true")
public class TestClockController {

  private final ProcessEngine processEngine;
  private final String build;
  /** Offset of the engine clock from the system clock; only this controller moves the clock. */
  private long offsetMs = 0;

  public TestClockController(ProcessEngine processEngine, @Value("${samverkan.build:}") String build) {
    this.processEngine = processEngine;
    this.build = build;
  }

  @GetMapping
  public synchronized Map<String, Object> get() {
    return describe();
  }

  @PostMapping
  public synchronized ResponseEntity<Map<String, Object>> move(@RequestBody(required = false) Map<String, Object> body) {
    if (body == null) return badRequest("Body must be {\"addMs\": n} or {\"time\": \"<ISO-8601>\"}");
    long now = ClockUtil.getCurrentTime().getTime();
    long target;
    if (body.get("addMs") instanceof Number n) {
      target = now + n.longValue();
    } else if (body.get("time") instanceof String s) {
      try {
        target = parseInstant(s).toEpochMilli();
      } catch (DateTimeParseException e) {
        return badRequest("Cannot parse time '" + s + "': " + e.getMessage());
      }
    } else {
      return badRequest("Body must be {\"addMs\": n} or {\"time\": \"<ISO-8601>\"}");
    }
    if (target < now) {
      return badRequest("Refusing to move the engine clock backwards (" + (target - now) + " ms): locks taken on the moved clock would stay.");
    }
    offsetMs += target - now;
    ClockUtil.offset(offsetMs);
    pokeJobExecutor();
    return ResponseEntity.ok(describe());
  }

  @DeleteMapping
  public synchronized Map<String, Object> reset() {
    offsetMs = 0;
    ClockUtil.reset();
    pokeJobExecutor();
    return describe();
  }

  private void pokeJobExecutor() {
    JobExecutor jobExecutor = ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getJobExecutor();
    if (jobExecutor != null) jobExecutor.jobWasAdded();
  }

  private Map<String, Object> describe() {
    long now = ClockUtil.getCurrentTime().getTime();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("now", now);
    out.put("iso", TaskNotifier.iso(new java.util.Date(now)));
    out.put("offsetMs", offsetMs);
    if (!build.isEmpty()) out.put("build", build);
    return out;
  }

  private static ResponseEntity<Map<String, Object>> badRequest(String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "InvalidRequestException");
    out.put("message", message);
    return ResponseEntity.badRequest().body(out);
  }

  static Instant parseInstant(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // no offset given: the JVM's time zone (Europe/Stockholm)
      return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
    }
  }
}
