package io.github.zohousersbatch.licence;

/**
 * Zoho's own count of the organisation's user licences
 * ({@code GET /crm/v8/__features/user_licenses}); a count Zoho did not send is null.
 *
 * @param purchased {@code limits.total}
 * @param used {@code used_count.total}
 * @param available {@code available_count.total}
 */
record UserLicences(Integer purchased, Integer used, Integer available) {
}
