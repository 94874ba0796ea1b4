import { connection } from 'next/server';
import { pythonClientArchive } from '@/lib/clients/python-package';

/** `pip install <site>/client/python`: the Python client's source archive, built with no package index. */
export async function GET() {
  await connection();
  const { fileName, bytes } = pythonClientArchive();
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'application/zip',
      // pip names the download (and so knows it is a zip) from this header.
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Content-Length': String(bytes.length),
      'Cache-Control': 'public, max-age=300',
    },
  });
}
