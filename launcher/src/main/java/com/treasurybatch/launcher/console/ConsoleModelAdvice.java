package com.treasurybatch.launcher.console;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in {@link ConsoleUser} (as {@code user}) into every console page's model. */
@ControllerAdvice(basePackageClasses = ConsoleModelAdvice.class)
class ConsoleModelAdvice {

	@ModelAttribute("user")
	ConsoleUser user(Authentication authentication) {
		return ConsoleUser.of(authentication);
	}

}
