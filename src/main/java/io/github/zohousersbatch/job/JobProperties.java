package io.github.zohousersbatch.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code zoho.job.*}.
 *
 * @param pageSize users per Zoho page and per chunk (Zoho's maximum, 200, by default): one page, one commit
 */
@ConfigurationProperties("zoho.job")
public record JobProperties(@DefaultValue("200") int pageSize) {

	public JobProperties {
		if (pageSize < 1 || pageSize > 200) {
			throw new IllegalArgumentException("zoho.job.page-size must be between 1 and 200 (Zoho's maximum), not "
					+ pageSize);
		}
	}

}
