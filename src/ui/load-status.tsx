/** Initial load progress, load errors and the server's --city error, in words. */
import { t } from '../i18n';
import { useCityStore } from '../state/city-store';
import { cancelImport } from '../app/city-loader';
import { ProgressBar } from './progress-bar';

export function LoadStatus() {
  const status = useCityStore((s) => s.status);
  const progress = useCityStore((s) => s.progress);
  const error = useCityStore((s) => s.error);
  const serverCityError = useCityStore((s) => s.serverCityError);
  const setServerCityError = useCityStore((s) => s.setServerCityError);
  return (
    <>
      {status === 'loading' && progress !== null && <ProgressBar progress={progress} label={progress.stage || t('app.loading')} onCancel={cancelImport} testId="load-progress" />}
      {status === 'error' && error !== null && (
        <div className="notice notice-error" role="alert">
          {t('app.loadError', { message: error })}
        </div>
      )}
      {serverCityError !== null && (
        <div className="notice notice-error" role="alert" data-testid="server-city-error">
          <p>{t('app.serverCityError', { message: serverCityError })}</p>
          <button type="button" className="button secondary" onClick={() => setServerCityError(null)}>
            {t('app.dismiss')}
          </button>
        </div>
      )}
    </>
  );
}
