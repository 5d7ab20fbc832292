import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP proxy that holds every chunk the server sends for DELAY_MS before passing it on: each
 * SMTP reply arrives 20 ms late, as from a relay 20 ms away. Usage: DelayProxy LISTEN_PORT
 * UPSTREAM_PORT DELAY_MS
 */
public class DelayProxy {

	public static void main(String[] args) throws Exception {
		int delay = Integer.parseInt(args[2]);
		try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 200, InetAddress.getLoopbackAddress())) {
			while (true) {
				Socket client = server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				pump(client.getInputStream(), upstream.getOutputStream(), 0);
				pump(upstream.getInputStream(), client.getOutputStream(), delay);
			}
		}
	}

	private static void pump(InputStream in, OutputStream out, int delay) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[65536];
			try (in; out) {
				for (int n; (n = in.read(buffer)) > 0;) {
					if (delay > 0) {
						Thread.sleep(delay);
					}
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (Exception ex) {
				// one side closed
			}
		});
		thread.setDaemon(true);
		thread.start();
	}

}
