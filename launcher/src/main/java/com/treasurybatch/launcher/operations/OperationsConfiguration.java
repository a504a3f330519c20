package com.treasurybatch.launcher.operations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This process as a node. */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

	@Bean
	BatchNode batchNode(OperationsProperties properties) {
		return BatchNode.current(properties.nodeKind());
	}

}
