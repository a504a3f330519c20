package com.treasurybatch.launcher.webhooks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection to a server on loopback, for load generation: a request is written and its
 * response read on the calling thread, with no selector or executor in between (what wrk or ab do). Reads
 * Content-Length and chunked responses. Not thread-safe: one per load thread.
 */
final class LoopbackHttpConnection implements Closeable {

	private static final int HEADER_LINE_MAX_BYTES = 8_192;

	private final int port;

	private final byte[] requestHead;

	private Socket socket;

	private OutputStream out;

	private InputStream in;

	LoopbackHttpConnection(int port, String path) {
		this.port = port;
		this.requestHead = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nContent-Type: application/json; charset=utf-8\r\nUser-Agent: Stripe/1.0\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Posts the body with the given {@code Stripe-Signature}; returns the status code and the response body.
	 * Connects first if needed; honours {@code Connection: close} (Tomcat closes a connection after 100
	 * requests by default) by connecting again for the next request.
	 */
	Response post(String signature, byte[] body) throws IOException {
		if (this.socket == null) {
			connect();
		}
		this.out.write(this.requestHead);
		this.out.write(("Stripe-Signature: " + signature + "\r\nContent-Length: " + body.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		this.out.write(body);
		this.out.flush();
		String statusLine = line();
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long contentLength = -1;
		boolean chunked = false;
		boolean close = false;
		String header;
		while (!(header = line()).isEmpty()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				contentLength = Long.parseLong(header.substring(15).strip());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				close = true;
			}
		}
		ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
		if (chunked) {
			long size;
			while ((size = Long.parseLong(line().strip(), 16)) > 0) {
				responseBody.write(this.in.readNBytes((int) size));
				line();
			}
			line();
		}
		else if (contentLength > 0) {
			responseBody.write(this.in.readNBytes((int) contentLength));
		}
		if (close) {
			close();
		}
		return new Response(status, responseBody.toString(StandardCharsets.UTF_8));
	}

	private void connect() throws IOException {
		this.socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		this.socket.setTcpNoDelay(true);
		this.socket.setSoTimeout(30_000);
		this.out = new BufferedOutputStream(this.socket.getOutputStream(), 16_384);
		this.in = new BufferedInputStream(this.socket.getInputStream(), 16_384);
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("connection closed by the server");
			}
			if (b != '\r') {
				line.append((char) b);
			}
			if (line.length() > HEADER_LINE_MAX_BYTES) {
				throw new IOException("header line too long");
			}
		}
		return line.toString();
	}

	@Override
	public void close() throws IOException {
		if (this.socket != null) {
			this.socket.close();
			this.socket = null;
		}
	}

	record Response(int status, String body) {

	}

}
