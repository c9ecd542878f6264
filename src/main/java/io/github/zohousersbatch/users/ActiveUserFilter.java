package io.github.zohousersbatch.users;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Keeps the users Zoho marks {@code active}; every other status is filtered out and counted in the step's
 * filter count.
 */
public class ActiveUserFilter implements ItemProcessor<ZohoUser, ZohoUser> {

	@Override
	public ZohoUser process(ZohoUser user) {
		return user.isActive() ? user : null;
	}

}
