import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/** TCP_NODELAY sockets, as the job uses, so that the comparisons measure the same transport. */
public class NoDelay extends SocketFactory {

	public Socket createSocket() throws IOException {
		return on(new Socket());
	}

	public Socket createSocket(String h, int p) throws IOException {
		return on(new Socket(h, p));
	}

	public Socket createSocket(String h, int p, InetAddress l, int lp) throws IOException {
		return on(new Socket(h, p, l, lp));
	}

	public Socket createSocket(InetAddress h, int p) throws IOException {
		return on(new Socket(h, p));
	}

	public Socket createSocket(InetAddress h, int p, InetAddress l, int lp) throws IOException {
		return on(new Socket(h, p, l, lp));
	}

	private static Socket on(Socket s) throws IOException {
		s.setTcpNoDelay(true);
		return s;
	}

}
