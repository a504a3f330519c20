package com.treasurybatch.launcher.api;

import java.net.URI;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem any controller or exception handler answers names its {@code type}: a problem without one gets
 * {@code about:blank}, the type RFC 9457 section 4.2.1 gives a problem that means no more than its HTTP status.
 * Spring Framework 7 leaves {@code type} null by default and omits it from the JSON; RFC 9457 section 3.1.1 reads
 * an absent type as {@code about:blank} too, but clients that switch on {@code type} should not need to know that.
 */
@ControllerAdvice
class ProblemTypeDefaults implements ResponseBodyAdvice<Object> {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
			Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem && problem.getType() == null) {
			problem.setType(ABOUT_BLANK);
		}
		return body;
	}

}
