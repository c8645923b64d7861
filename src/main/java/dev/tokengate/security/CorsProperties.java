package dev.tokengate.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tokengate.cors.*}: the origins of browser frontends allowed to call both APIs; none (the default) turns CORS
 * off.
 */
@ConfigurationProperties("tokengate.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {
}
