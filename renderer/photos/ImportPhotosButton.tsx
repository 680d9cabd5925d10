/** The file types the photo library takes, as the file chooser offers them. */
const PHOTO_TYPES = 'image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp';

/** `Import photos`: a file chooser for many photos, cleared after each choice so a file can be chosen again. */
export function ImportPhotosButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  return (
    <label className="photo-import">
      <span className="photo-import-label">Import photos</span>
      <input
        type="file"
        multiple
        accept={PHOTO_TYPES}
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          event.target.value = '';
        }}
      />
    </label>
  );
}
