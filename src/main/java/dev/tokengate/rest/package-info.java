/**
 * The legacy REST edge, {@code GET /api/users/auth_tokens}: byte-for-byte what the Django REST Framework service
 * answered. Parsing is as lenient as DRF was; the controller is thin and calls the same service as GraphQL.
 */
package dev.tokengate.rest;
