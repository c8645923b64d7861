package dev.tokengate.security;

import java.time.Duration;
import java.util.List;

import dev.tokengate.rest.LegacyApiFilter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Two stateless filter chains. The operations endpoints ({@code /actuator/health}, {@code /actuator/prometheus}) are
 * open and never look at a token, so probes and scrapers need none and health answers for itself while the database is
 * away. Everything else goes through the token chain. On the legacy endpoint the order is DRF's: content negotiation,
 * then authentication, then the staff rule, then the method check (in the controller). GraphQL is open at the HTTP level and authorizes
 * per field ({@code @PreAuthorize}), so the console can load the schema without a token. CORS is off unless
 * {@code tokengate.cors.allowed-origins} lists origins.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(CorsProperties.class)
public class SecurityConfig {

	@Bean
	@Order(0)
	SecurityFilterChain operationsFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests(a -> a.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, TokenAuthenticator authenticator,
			CorsProperties cors) throws Exception {
		DrfAuthenticationEntryPoint entryPoint = new DrfAuthenticationEntryPoint();
		if (cors.allowedOrigins().isEmpty()) {
			http.cors(AbstractHttpConfigurer::disable);
		}
		else {
			CorsFilter corsFilter = new CorsFilter(cors(cors.allowedOrigins()));
			corsFilter.setCorsProcessor(new JsonRefusingCorsProcessor());
			// Where Spring Security puts its own CORS filter: before the CSRF filter (off here), after the headers.
			http.cors(AbstractHttpConfigurer::disable).addFilterBefore(corsFilter, CsrfFilter.class);
		}
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// The legacy service's headers: X-Frame-Options DENY, nosniff, Referrer-Policy same-origin, nothing else.
			.headers(h -> h.cacheControl(c -> c.disable())
				.xssProtection(x -> x.disable())
				.frameOptions(f -> f.deny())
				.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)))
			.addFilterAfter(new LegacyApiFilter(), HeaderWriterFilter.class)
			.addFilterBefore(new TokenAuthenticationFilter(authenticator, entryPoint),
					AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(a -> a.requestMatchers(LegacyApiFilter::isLegacyPath)
				.hasAuthority(TokenAuthenticationFilter.STAFF_AUTHORITY)
				.anyRequest()
				.permitAll())
			.exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(new DrfAccessDeniedHandler()));
		return http.build();
	}

	/**
	 * Browser frontends on the listed origins may call both APIs with the token header. A preflight is answered before
	 * authentication (it carries no token); one from another origin is refused with a 403, in the API's error format. No
	 * cookies are involved, so credentials are not allowed.
	 */
	private static UrlBasedCorsConfigurationSource cors(List<String> allowedOrigins) {
		CorsConfiguration config = new CorsConfiguration();
		config.setAllowedOrigins(allowedOrigins);
		config.setAllowedMethods(List.of("GET", "HEAD", "POST"));
		config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
		config.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/graphql", config);
		source.registerCorsConfiguration(LegacyApiFilter.PATH, config);
		source.registerCorsConfiguration(LegacyApiFilter.PATH + "/", config);
		return source;
	}

	/**
	 * No Spring Security observations: without this bean every filter of every request is wrapped in one, even with the
	 * observations themselves disabled (Java Flight Recorder shows the wrappers on every request; removing them measured
	 * within the benchmark's noise, and only removes work). The request metrics ({@code http.server.requests},
	 * {@code graphql.*}) are not Spring Security's and stay.
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * DRF answered any method, even an unknown one, with 401/403 or 405; Spring Security's firewall would refuse
	 * methods it does not know with a bare 400 before DRF's order of checks could apply.
	 */
	@Bean
	WebSecurityCustomizer anyHttpMethod() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setUnsafeAllowAnyHttpMethod(true);
		return web -> web.httpFirewall(firewall);
	}

}
