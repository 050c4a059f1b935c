/** `causeway serve`: the browser host until Ctrl+C. */
import { startHost } from '../host/server';
import { openBrowser } from '../host/open';
import { Service } from '../service/service';
import { Home, causewayHome } from '../store/home';
import { RENDERER_DIR } from './paths';

export async function serve(options: { port?: number; open: boolean; print: (line: string) => void }): Promise<void> {
  const service = new Service({ home: new Home(causewayHome()), shell: 'browser' });
  let host;
  try {
    host = await startHost({ service, port: options.port, rendererDir: RENDERER_DIR });
  } catch (e) {
    await service.dispose();
    throw e;
  }
  options.print(`Causeway is running at ${host.url}`);
  const opened = options.open && openBrowser(host.url);
  options.print(opened ? 'Opened it in your browser. Press Ctrl+C to stop.' : 'Open that address in a browser. Press Ctrl+C to stop.');
  const running = host;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running
        .close()
        .then(() => service.dispose())
        .then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
