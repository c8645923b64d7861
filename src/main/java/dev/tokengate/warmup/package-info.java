/**
 * The service's own requests to itself after start-up, so that the JIT has compiled the paths every request takes
 * before the traffic comes, and readiness that says when they are done.
 */
package dev.tokengate.warmup;
