import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy that passes every chunk the server sends on DELAY_MS after it arrived, as from a
 * relay DELAY_MS away (the whole round trip on the way back). Chunks in flight overlap, as on a
 * real link: three pipelined replies arrive together, not 3 x DELAY_MS apart. Usage: DelayProxy
 * LISTEN_PORT UPSTREAM_PORT DELAY_MS
 */
public class DelayProxy {

	private record Chunk(long dueNanos, byte[] bytes) {
	}

	public static void main(String[] args) throws Exception {
		long delay = TimeUnit.MILLISECONDS.toNanos(Integer.parseInt(args[2]));
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

	private static void pump(InputStream in, OutputStream out, long delay) {
		BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
		daemon(() -> {
			byte[] buffer = new byte[65536];
			try (in) {
				for (int n; (n = in.read(buffer)) > 0;) {
					inFlight.put(new Chunk(System.nanoTime() + delay, Arrays.copyOf(buffer, n)));
				}
			}
			catch (Exception ex) {
				// one side closed
			}
			inFlight.add(new Chunk(0, null));
		});
		daemon(() -> {
			try (out) {
				for (Chunk chunk; (chunk = inFlight.take()).bytes() != null;) {
					long wait = chunk.dueNanos() - System.nanoTime();
					if (wait > 0) {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					out.write(chunk.bytes());
					out.flush();
				}
			}
			catch (Exception ex) {
				// one side closed
			}
		});
	}

	private static void daemon(Runnable work) {
		Thread thread = new Thread(work);
		thread.setDaemon(true);
		thread.start();
	}

}
