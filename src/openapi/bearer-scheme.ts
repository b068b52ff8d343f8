/** The name of the bearer security scheme in the document ("Authorize" in the Swagger UI). */
export const BEARER_SCHEME = 'bearer';
