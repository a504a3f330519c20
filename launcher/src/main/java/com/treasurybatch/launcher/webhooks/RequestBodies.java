package com.treasurybatch.launcher.webhooks;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/** Reads a request body into memory under a hard limit, whether its length is declared or chunked. */
final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * Reads the whole body. A declared {@code Content-Length} over the limit is refused before reading anything;
	 * a chunked body is read until it ends or grows past the limit, whichever comes first.
	 * @param maxBodyBytes largest accepted body, in bytes
	 * @return the body, unchanged
	 * @throws BodyTooLargeException if the body is, or would be, over {@code maxBodyBytes}
	 * @throws IOException if the client stops sending
	 */
	static byte[] read(HttpServletRequest request, int maxBodyBytes) throws BodyTooLargeException, IOException {
		long declaredBytes = request.getContentLengthLong();
		if (declaredBytes > maxBodyBytes) {
			throw new BodyTooLargeException(
					"body of " + declaredBytes + " bytes is over the limit of " + maxBodyBytes + " bytes");
		}
		InputStream in = request.getInputStream();
		if (declaredBytes >= 0) {
			byte[] body = in.readNBytes((int) declaredBytes);
			if (body.length < declaredBytes) {
				throw new IOException("body ended after " + body.length + " of " + declaredBytes + " bytes");
			}
			return body;
		}
		byte[] body = in.readNBytes(maxBodyBytes + 1);
		if (body.length > maxBodyBytes) {
			throw new BodyTooLargeException("body is over the limit of " + maxBodyBytes + " bytes");
		}
		return body;
	}

}
