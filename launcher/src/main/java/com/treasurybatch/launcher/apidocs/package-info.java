/**
 * The API's OpenAPI 3.1 description ({@code /v3/api-docs}) and Swagger UI ({@code /swagger-ui}): which role each
 * operation needs (read from the security rules themselves), RFC 9457 problem responses and their examples; the
 * console's pages, exports and form actions with their session, CSRF field and refusals.
 */
package com.treasurybatch.launcher.apidocs;
