/**
 * Token authentication as DRF's TokenAuthentication did it ({@code Authorization: Token <key>}), the
 * staff-or-superuser rule, and the legacy 401/403 bodies.
 */
package dev.tokengate.security;
