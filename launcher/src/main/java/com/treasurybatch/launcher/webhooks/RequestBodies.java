package com.treasurybatch.launcher.webhooks;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/** Reads a request body into memory under a hard limit, whether its length is declared or chunked. */
public final class RequestBodies {

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
	public static byte[] read(HttpServletRequest request, int maxBodyBytes) throws BodyTooLargeException, IOException {
		long declaredBytes = request.getContentLengthLong();
		if (declaredBytes > maxBodyBytes) {
			throw new BodyTooLargeException(
					"body of " + declaredBytes + " bytes is over the limit of " + maxBodyBytes + " bytes");
		}
		InputStream in = request.getInputStream();
		if (declaredBytes >= 0) {
			byte[] body = new byte[(int) declaredBytes];
			int read = 0;
			while (read < body.length) {
				int n = in.read(body, read, body.length - read);
				if (n < 0) {
					throw new IOException("body ended after " + read + " of " + declaredBytes + " bytes");
				}
				read += n;
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
