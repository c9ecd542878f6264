package io.github.zohousersbatch.licence;

import io.github.zohousersbatch.auth.AccessTokens;

import org.springframework.stereotype.Service;

/**
 * The Zoho CRM organisation a connection reads, as Zoho names it: {@code authorize} shows
 * it once the tokens are stored, so that a grant made in another organisation, or planted
 * by someone else, is seen at once.
 */
@Service
public class ConnectedOrganisation {

	private final AccessTokens accessTokens;

	private final ZohoOrgClient org;

	ConnectedOrganisation(AccessTokens accessTokens, ZohoOrgClient org) {
		this.accessTokens = accessTokens;
		this.org = org;
	}

	/** The organisation, read with the connection's current access token. */
	public OrgLicence of(String connectionName) {
		return this.org.fetch(this.accessTokens.current(connectionName));
	}

}
