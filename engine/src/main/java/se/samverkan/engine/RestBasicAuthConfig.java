package se.samverkan.engine;

import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP Basic authentication on the REST API ({@code ENGINE_REST_BASIC_AUTH=true}): requests run as the engine user
 * they authenticate as, so authorizations apply. Without it (embedded stack, REST on 127.0.0.1 only) REST skips all
 * authorization checks. {@code /engine-rest/engine} stays open (the filter's own whitelist). A successful check is
 * remembered for a short time ({@link CachingBasicAuthenticationProvider}).
 */
@Configuration
@ConditionalOnProperty(name = "samverkan.rest-basic-auth", havingValue = "true")
public class RestBasicAuthConfig {

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestBasicAuthFilter() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("operaton-rest-basic-auth");
    registration.addUrlPatterns("/engine-rest/*");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        CachingBasicAuthenticationProvider.class.getName());
    registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "/engine-rest");
    registration.setOrder(101);
    return registration;
  }
}
