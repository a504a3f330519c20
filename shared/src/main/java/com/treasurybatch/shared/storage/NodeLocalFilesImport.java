package com.treasurybatch.shared.storage;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start-up, before any other runner, moves every {@link NodeLocalFiles} bean's files into the database
 * (idempotent: each start of each node moves what it alone still holds).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NodeLocalFilesImport implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(NodeLocalFilesImport.class);

	private final List<NodeLocalFiles> owners;

	NodeLocalFilesImport(List<NodeLocalFiles> owners) {
		this.owners = owners;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (NodeLocalFiles owner : this.owners) {
			int moved = owner.importLocalFiles();
			if (moved > 0) {
				log.info("Moved {} {} from this node's TREASURY_HOME to the database", moved, owner.description());
			}
		}
	}

}
