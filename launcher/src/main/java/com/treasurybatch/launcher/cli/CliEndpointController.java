package com.treasurybatch.launcher.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import picocli.CommandLine;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;


/**
 * {@code POST /cli/run}: runs a CLI verb for a CLI process of this installation ({@link RemoteCli}), in this
 * server's context, streaming its output back ({@link CliWire}). Only from the loopback interface, only with the
 * bearer token of {@link CliEndpointPublisher}'s token file (which only the installation's owner can read); any
 * other request gets 404, as if the endpoint did not exist. The verb records the caller's actor, channel
 * {@code cli}, exactly as if it ran in the caller's process. Verbs that do not need the database (they may read
 * the caller's files or environment) are answered {@link CliWire#LOCAL}.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class CliEndpointController {

	private final ApplicationContext context;

	private final CliEndpointPublisher publisher;

	CliEndpointController(ApplicationContext context, CliEndpointPublisher publisher) {
		this.context = context;
		this.publisher = publisher;
	}

	@PostMapping(RemoteCli.PATH)
	void run(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!authorised(request)) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		CliWire.Request call = CliWire.Request.readFrom(request.getInputStream());
		if (!Objects.equals(call.version(), TreasuryCli.version())) {
			response.sendError(HttpServletResponse.SC_CONFLICT); // the caller runs its own version itself
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/octet-stream");
		OutputStream stream = response.getOutputStream();
		CliWire.FrameWriter outFrames = new CliWire.FrameWriter(stream, CliWire.OUT);
		PrintWriter out = new PrintWriter(outFrames, true);
		PrintWriter err = new PrintWriter(new CliWire.FrameWriter(stream, CliWire.ERR), true);
		String[] args = call.args().toArray(String[]::new);
		int code = CliActor.callAs(call.actor(), () -> TreasuryCli.executeUnlessLocal(this.context, args, out, err));
		out.flush();
		err.flush();
		if (code == TreasuryCli.RUN_LOCALLY) {
			CliWire.writeFrame(stream, CliWire.LOCAL, "");
		}
		else {
			CliWire.writeFrame(stream, CliWire.EXIT, Integer.toString(code));
		}
	}

	private boolean authorised(HttpServletRequest request) {
		try {
			if (!InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
				return false;
			}
		}
		catch (IOException ex) {
			return false;
		}
		String header = request.getHeader("Authorization");
		if (header == null || !header.startsWith("Bearer ")) {
			return false;
		}
		byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.US_ASCII);
		byte[] expected = this.publisher.token().getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(given, expected);
	}

	/** The picocli class of the verb a parse ended on. */
	static Class<?> leaf(CommandLine.ParseResult result) {
		CommandLine.ParseResult leaf = result;
		while (leaf.hasSubcommand()) {
			leaf = leaf.subcommand();
		}
		return leaf.commandSpec().userObject().getClass();
	}

}
