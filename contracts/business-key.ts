/** One URL path segment (the API addresses requests by it): no `/`; `.` and `..` cannot occur (first character). */
export const BUSINESS_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
