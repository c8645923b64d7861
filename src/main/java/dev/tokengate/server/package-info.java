/**
 * The HTTP server's own answers, for requests that never reach either API's code: a request line or headers Tomcat
 * cannot read, a path Spring Security's firewall refuses, a path nothing serves. They are JSON in the format of the API
 * the request was meant for, as every other error of the service is, never Tomcat's HTML page.
 */
package dev.tokengate.server;
