package com.treasurybatch.launcher.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte format between a CLI process and the server that answers for it ({@code POST /cli/run}).
 *
 * <p>Request: {@code writeUTF(version)}, {@code writeUTF(actor)}, {@code writeInt(n)}, then n times
 * {@code writeUTF(argument)} (Java's modified UTF-8, {@link DataOutputStream}).
 *
 * <p>Response: frames, each a type byte, an int length and that many UTF-8 bytes: {@link #OUT} (stdout text),
 * {@link #ERR} (stderr text), then exactly one of {@link #EXIT} (text: the exit code) or {@link #LOCAL} (the
 * verb must run in the caller's own process; sent before any output).
 */
final class CliWire {

	/** Frame: text for the CLI's standard output. */
	static final byte OUT = 'O';

	/** Frame: text for the CLI's standard error. */
	static final byte ERR = 'E';

	/** Last frame: the exit code, as decimal text. */
	static final byte EXIT = 'X';

	/** Only frame: the server does not run this verb; run it locally. */
	static final byte LOCAL = 'L';

	/** Longest frame accepted, in bytes (a frame is one flush of a writer). */
	static final int FRAME_MAX = 16 * 1024 * 1024;

	private CliWire() {
	}

	/** A request: the caller's jar version, its actor name and its arguments. */
	record Request(String version, String actor, List<String> args) {

		void writeTo(OutputStream stream) throws IOException {
			DataOutputStream data = new DataOutputStream(stream);
			data.writeUTF(this.version);
			data.writeUTF(this.actor);
			data.writeInt(this.args.size());
			for (String arg : this.args) {
				data.writeUTF(arg);
			}
			data.flush();
		}

		static Request readFrom(java.io.InputStream stream) throws IOException {
			DataInputStream data = new DataInputStream(stream);
			String version = data.readUTF();
			String actor = data.readUTF();
			int count = data.readInt();
			if (count < 0 || count > 10_000) {
				throw new IOException("bad argument count " + count);
			}
			List<String> args = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				args.add(data.readUTF());
			}
			return new Request(version, actor, args);
		}

	}

	/** A response frame as read by the caller. */
	record Frame(byte type, String text) {

		/** The next frame, or {@code null} at the end of the stream. */
		static Frame readFrom(DataInputStream data) throws IOException {
			int type = data.read();
			if (type < 0) {
				return null;
			}
			int length;
			try {
				length = data.readInt();
			}
			catch (EOFException ex) {
				return null;
			}
			if (length < 0 || length > FRAME_MAX) {
				throw new IOException("bad frame length " + length);
			}
			byte[] bytes = data.readNBytes(length);
			if (bytes.length < length) {
				return null;
			}
			return new Frame((byte) type, new String(bytes, StandardCharsets.UTF_8));
		}

	}

	/** Writes one frame and flushes it to the client. */
	static void writeFrame(OutputStream stream, byte type, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		synchronized (stream) {
			DataOutputStream data = new DataOutputStream(stream);
			data.writeByte(type);
			data.writeInt(bytes.length);
			data.write(bytes);
			data.flush();
		}
	}

	/**
	 * A writer whose every flush becomes one frame of {@code type} (wrap it in an auto-flushing
	 * {@code PrintWriter}: one frame per line). Write errors (the client went away) are remembered, not thrown,
	 * like a {@code PrintWriter}'s.
	 */
	static final class FrameWriter extends Writer {

		private final OutputStream stream;

		private final byte type;

		private final StringBuilder buffer = new StringBuilder();

		private volatile boolean broken;

		FrameWriter(OutputStream stream, byte type) {
			this.stream = stream;
			this.type = type;
		}

		@Override
		public synchronized void write(char[] chars, int offset, int length) {
			this.buffer.append(chars, offset, length);
		}

		@Override
		public synchronized void flush() {
			if (this.buffer.isEmpty() || this.broken) {
				this.buffer.setLength(0);
				return;
			}
			try {
				writeFrame(this.stream, this.type, this.buffer.toString());
			}
			catch (IOException ex) {
				this.broken = true;
			}
			this.buffer.setLength(0);
		}

		@Override
		public void close() {
			flush();
		}

		/** Whether a frame could not be written (the client is gone). */
		boolean broken() {
			return this.broken;
		}

	}

}
