package se.samverkan.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Samverkan's process engine: Operaton (Camunda 7 fork) with REST at {@code /engine-rest} and the webapps
 * (Cockpit, Tasklist, Admin) at {@code /operaton}. Configuration comes from {@code ENGINE_*} environment variables,
 * see {@code application.yaml}. This module holds no domain logic; three optional pieces are switched by properties:
 * <ul>
 *   <li>{@link TestClockController} ({@code samverkan.test-clock}): moves the engine clock in tests.</li>
 *   <li>{@link TaskNotifier} ({@code samverkan.task-notify}): user task events as PostgreSQL {@code NOTIFY}.</li>
 *   <li>{@link RestBasicAuthConfig} ({@code samverkan.rest-basic-auth}): HTTP Basic on {@code /engine-rest}.</li>
 * </ul>
 */
@SpringBootApplication
public class EngineApp {
  public static void main(String[] args) {
    SpringApplication.run(EngineApp.class, args);
  }
}
