/**
 * Browser host: a file chosen in the page is POSTed to the host, which answers with an upload
 * id that `dataset.import` accepts as `{kind: 'upload', uploadId}`. XMLHttpRequest rather than
 * fetch because it reports upload progress.
 */
import { HOST_PATHS, TOKEN_HEADER, UPLOAD_NAME_HEADER, uploadResponse } from '../../../shared/contract';
import type { UploadResponse } from '../../../shared/contract';
import { ApiError } from './client';

export function uploadFile(file: File, token: string | null, onProgress?: (fraction: number) => void): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', HOST_PATHS.upload);
    if (token) xhr.setRequestHeader(TOKEN_HEADER, token);
    xhr.setRequestHeader(UPLOAD_NAME_HEADER, encodeURIComponent(file.name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError('upload_failed', `Uploading "${file.name}" failed: the connection to Causeway was lost.`, { file: file.name }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      const ok = uploadResponse.safeParse(body);
      if (xhr.status === 200 && ok.success) resolve(ok.data);
      else {
        const err = body as { code?: unknown; message?: unknown } | null;
        const message = typeof err?.message === 'string' ? err.message : `Uploading "${file.name}" failed (HTTP ${xhr.status}).`;
        reject(new ApiError(typeof err?.code === 'string' ? err.code : 'upload_failed', message, { file: file.name, status: xhr.status }));
      }
    };
    xhr.send(file);
  });
}
