/** Keeps a failing view (no WebGL, a lost context, a Cesium error) from taking the whole page down: shows the error in words. */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '../i18n';

interface Props {
  children: ReactNode;
}

export class ViewErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('View failed:', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error !== null) {
      return (
        <div className="notice notice-error view-error" role="alert">
          {t('app.viewError', { message: this.state.error.message })}
        </div>
      );
    }
    return this.props.children;
  }
}
